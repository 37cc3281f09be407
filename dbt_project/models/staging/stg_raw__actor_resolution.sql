with

source as (

    select * from {{ source('raw', 'actor_resolution') }}

),

renamed as (

    select
        mention_id,
        article_id,
        local_actor_key,
        actor_key as actor_id,
        method as resolution_method

    from source

)

select * from renamed
