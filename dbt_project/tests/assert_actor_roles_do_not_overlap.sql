-- An actor holds one role of a kind at a time: its role intervals (inclusive) never overlap,
-- so an event's date selects exactly one role.
select a.actor_id, a.role as role_a, b.role as role_b, a.valid_from, b.valid_from as other_from
from {{ ref('dim_actor_roles') }} as a
join {{ ref('dim_actor_roles') }} as b
    on a.actor_id = b.actor_id
    and a.role_id < b.role_id
where a.valid_from <= coalesce(b.valid_to, date '9999-12-31')
  and b.valid_from <= coalesce(a.valid_to, date '9999-12-31')
