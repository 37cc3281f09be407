with

roles as (

    select * from {{ ref('stg_reference__actor_roles') }}

),

final as (

    select
        role_id,
        actor_id,
        role,
        cameo_code,
        valid_from,
        valid_to,
        basis

    from roles

)

select * from final
