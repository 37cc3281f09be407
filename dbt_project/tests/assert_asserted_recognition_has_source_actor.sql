-- Plausibility, warn: an asserted recognition or accreditation (054x) should say who recognised
-- or accredited. An unresolved source actor is an extraction miss, so the row carries the flag
-- recognition_without_source (macros/quality_flags.sql) and the build goes on;
-- quality_flag_share_below in fct_events.yml fails it when more than 5% of the events carry it.
{{ config(severity='warn') }}

select event_id, event_code, modality
from {{ ref('fct_events') }}
where list_contains(quality_flags, 'recognition_without_source')
