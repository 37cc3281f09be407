-- Actors with the role they held on a given date (dbt var `as_of`, default 2021-08-01 — two
-- weeks before the takeover, when the Taliban were still an insurgency).

{% set as_of = var('as_of', '2021-08-01') %}

with

roles as (

    select * from {{ ref('dim_actor_roles') }}

),

actors as (

    select actor_id, canonical_name, actor_type from {{ ref('fct_actors') }}

),

final as (

    select
        actors.canonical_name,
        actors.actor_type,
        roles.role,
        roles.cameo_code,
        roles.valid_from,
        roles.valid_to

    from roles
    join actors using (actor_id)
    where date '{{ as_of }}' between roles.valid_from and coalesce(roles.valid_to, date '9999-12-31')

)

select * from final
order by canonical_name
