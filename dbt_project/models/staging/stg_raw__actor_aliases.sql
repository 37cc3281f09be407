with

source as (

    select * from {{ source('raw', 'actor_aliases') }}

),

renamed as (

    select
        actor_key as actor_id,
        alias,
        alias_kind,
        method as alias_method

    from source

)

select * from renamed
