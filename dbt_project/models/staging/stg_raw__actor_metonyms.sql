with

source as (

    select * from {{ source('raw', 'actor_metonyms') }}

),

renamed as (

    select
        actor_key as actor_id,
        stands_for_actor_key as stands_for_actor_id,
        basis as metonym_basis

    from source

)

select * from renamed
