-- The recognition story: every recognition (0541) and accreditation/ties (0542) event, dated,
-- with the sources that report it. Asserted events are facts; other modalities are positions.

with

events as (

    select * from {{ ref('fct_events') }} where event_code like '054%'

),

mentions as (

    select * from {{ ref('fct_event_mentions') }}

),

articles as (

    select article_id, outlet_source_id from {{ ref('dim_articles') }}

),

sources as (

    select
        mentions.event_id,
        string_agg(distinct coalesce(mentions.cited_source_id, articles.outlet_source_id), ', ') as reported_by

    from mentions
    join articles using (article_id)
    group by mentions.event_id

),

final as (

    select
        events.event_date_start,
        events.event_date_end,
        events.date_precision,
        events.event_code,
        events.event_label,
        events.modality,
        events.source_actor_id,
        events.target_actor_id,
        events.takeover_period,
        events.num_articles,
        events.num_sources,
        sources.reported_by

    from events
    left join sources using (event_id)

)

select * from final
order by modality = 'asserted' desc, event_date_start, event_code
