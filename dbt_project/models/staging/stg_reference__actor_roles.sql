with

source as (

    select * from {{ ref('actor_roles') }}

),

curated_actors as (

    select actor_key from {{ ref('actors') }}
    union
    select actor_key from source

),

-- Phoenix roles (2014 dictionaries) only for actors the project does not curate: for a seeded
-- actor (the Taliban, Lavrov) the project's own dated roles take precedence.
phoenix as (

    select * from {{ ref('phoenix_actor_roles') }}
    where actor_key not in (select actor_key from curated_actors)

),

combined as (

    select actor_key, role, cameo_code, valid_from, valid_to, basis, 'project' as role_origin from source
    union all
    select actor_key, role, cameo_code, valid_from, valid_to, basis, 'phoenix' as role_origin from phoenix

),

renamed as (

    select
        md5(actor_key || ':' || valid_from::varchar || ':' || role) as role_id,
        actor_key as actor_id,
        role,
        cameo_code,
        valid_from,
        valid_to,
        basis,
        role_origin

    from combined

)

select * from renamed
