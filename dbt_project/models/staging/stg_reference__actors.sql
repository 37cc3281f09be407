with

source as (

    select * from {{ ref('actors') }}

),

renamed as (

    select
        actor_key as actor_id,
        canonical_name,
        actor_type,
        nullif(country_code, '') as country_code,
        nullif(cameo_code, '') as cameo_code,
        nullif(affiliation, '') as affiliation

    from source

)

select * from renamed
