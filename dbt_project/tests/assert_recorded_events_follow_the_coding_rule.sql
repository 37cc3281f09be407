-- The event-data coding rule (macros/event_coding.sql, README "Coding rule"): every recorded asserted event has
-- a coded source, and with var require_dyad every interaction (a CAMEO root outside var
-- roots_without_target) a coded target. Broken input: on a seeds warehouse,
-- `update main.fct_events set target_cameo_code = null where event_code like '054%'` makes it
-- return those events.

select event_id, event_code, source_cameo_code, target_cameo_code
from {{ ref('fct_events') }}
where {{ coding_rule_on() }}
    and modality = 'asserted'
    and (source_cameo_code is null or ({{ needs_target('event_code') }} and target_cameo_code is null))
