with

roles as (

    select * from {{ ref('stg_reference__actor_roles') }}

),

actors as (

    select actor_id from {{ ref('fct_actors') }}

),

-- Tens of thousands of Phoenix roles exist; the mart keeps those of actors the warehouse knows.
final as (

    select
        roles.role_id,
        roles.actor_id,
        roles.role,
        roles.cameo_code,
        roles.valid_from,
        roles.valid_to,
        roles.basis,
        roles.role_origin

    from roles
    where roles.role_origin = 'project' or roles.actor_id in (select actor_id from actors)

)

select * from final
