-- A place's admin-1 lies in its country: the admin-1 code's prefix is the place's country, and an
-- event located there carries that same country and admin-1 name.

select geonames_id, country_code_iso2, admin1_code, 'dim_locations' as relation
from {{ ref('dim_locations') }}
where admin1_code is not null
  and split_part(admin1_code, '.', 1) <> country_code_iso2

union all

select mentions.geonames_id, mentions.location_country_code, mentions.location_admin1, 'fct_event_mentions'
from {{ ref('fct_event_mentions') }} as mentions
join {{ ref('dim_locations') }} as locations using (geonames_id)
where locations.place_kind is not null
  and (
      mentions.location_country_code <> locations.country_code
      or mentions.location_admin1 is distinct from locations.admin1_name
  )
