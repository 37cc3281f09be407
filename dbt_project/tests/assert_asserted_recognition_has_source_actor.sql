-- An asserted recognition or accreditation (054x) must say who recognised or accredited.
select event_id, event_code, modality
from {{ ref('fct_events') }}
where event_code like '054%'
  and modality = 'asserted'
  and source_actor_id is null
