with

source as (

    select * from {{ source('raw', 'actors') }}

),

renamed as (

    select
        actor_key as actor_id,
        canonical_name,
        actor_type,
        country_code,
        cameo_code,
        affiliation,
        origin as actor_origin

    from source

)

select * from renamed
