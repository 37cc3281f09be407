-- A consolidated event carries the takeover_period its own reports imply: all dated reports
-- pre-takeover make a pre_takeover event, all post-takeover a post_takeover one, any report that
-- spans the day makes it spans_takeover, none dated makes it undated. Reports on both sides
-- (one before 2021-08-15, one after) cannot be one event: such an event always returns a row.
-- Reads the mentions' labels, not the event's dates, so consolidation can't hide a straddle.
with

mentions as (

    select event_id, takeover_period
    from {{ ref('fct_event_mentions') }}
    where event_id is not null

),

per_event as (

    select
        event_id,
        count(*) filter (where takeover_period = 'pre_takeover') as pre_mentions,
        count(*) filter (where takeover_period = 'post_takeover') as post_mentions,
        count(*) filter (where takeover_period = 'spans_takeover') as spans_mentions,
        count(*) filter (where takeover_period = 'undated') as undated_mentions
    from mentions
    group by event_id

),

implied as (

    select
        *,
        case
            when pre_mentions > 0 and post_mentions > 0 then 'contradictory'
            when pre_mentions + post_mentions + spans_mentions = 0 then 'undated'
            when spans_mentions > 0 then 'spans_takeover'
            when pre_mentions > 0 then 'pre_takeover'
            else 'post_takeover'
        end as implied_period
    from per_event

)

select
    events.event_id,
    events.takeover_period,
    implied.implied_period,
    implied.pre_mentions,
    implied.post_mentions,
    implied.spans_mentions,
    implied.undated_mentions
from {{ ref('fct_events') }} as events
join implied using (event_id)
where events.takeover_period is distinct from implied.implied_period
