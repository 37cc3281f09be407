-- An event's actor codes are as of the event's date: where its source (target) actor held a dated
-- role on event_date_start (dim_actor_roles), the event's code is that role's code.
with

events as (

    select event_id, event_date_start, source_actor_id, target_actor_id, source_cameo_code, target_cameo_code
    from {{ ref('fct_events') }}

),

roles as (

    select actor_id, cameo_code, valid_from, valid_to from {{ ref('dim_actor_roles') }}

),

sides as (

    select event_id, event_date_start, 'source' as side, source_actor_id as actor_id, source_cameo_code as cameo_code
    from events
    union all
    select event_id, event_date_start, 'target', target_actor_id, target_cameo_code
    from events

)

select sides.event_id, sides.side, sides.actor_id, sides.cameo_code, roles.cameo_code as role_cameo_code
from sides
join roles
    on roles.actor_id = sides.actor_id
    and {{ role_held_on('roles', 'sides.event_date_start') }}
where sides.cameo_code is distinct from roles.cameo_code
