with

source as (

    select * from {{ ref('actor_roles') }}

),

renamed as (

    select
        md5(actor_key || ':' || valid_from::varchar || ':' || role) as role_id,
        actor_key as actor_id,
        role,
        cameo_code,
        valid_from,
        valid_to,
        basis

    from source

)

select * from renamed
