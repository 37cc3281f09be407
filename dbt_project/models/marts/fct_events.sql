-- Incremental (macros/mart_changes.sql): the events with a mention in an article int_event_mentions
-- marked are built again whole, and events no mention names any more are deleted.
{{ config(
    materialized=mart_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_marked_events('fct_events') }}",
    post_hook="{{ consume_marks('fct_events') }}",
) }}

with

mentions as (

    select * from {{ ref('int_event_mentions') }} where event_id is not null and {{ marked_events('fct_events') }}

),

articles as (

    select article_id, published_date from {{ ref('dim_articles') }}

),

codes as (

    select * from {{ ref('stg_reference__cameo_event_codes') }}

),

roles as (

    select * from {{ ref('stg_reference__actor_roles') }}

),

-- An event is where its best-placed mention says: the predicate's own place before the sentence's,
-- the paragraph's, the previous paragraph's and the dateline's; among equals, the place most of its
-- mentions name, then the first mention.
place_support as (

    select
        mentions.*,
        count(*) over (partition by event_id, geonames_id) as mentions_at_place

    from mentions

),

located as (

    select
        event_id,
        location_name,
        location_admin1,
        location_country_code,
        latitude,
        longitude,
        geonames_id,
        location_basis,
        row_number() over (
            partition by event_id
            order by
                case location_basis
                    when 'predicate' then 1
                    when 'sentence' then 2
                    when 'paragraph' then 3
                    when 'previous_paragraph' then 4
                    when 'dateline' then 5
                    else 6
                end,
                mentions_at_place desc,
                article_id,
                trigger_start
        ) as rank_in_event

    from place_support

),

event_locations as (

    select * exclude (rank_in_event) from located where rank_in_event = 1

),

-- Counts are lower bounds. Within one article a mention counts only the people it adds to what the
-- article told before (newswh/events/counts.py takes recaps out), so one article's counts of an event
-- add up ("captured two leaders ... detained both along with several of their associates" = 2 + 3);
-- articles report one toll each, so the event's count is the largest article's.
article_counts as (

    select
        event_id,
        article_id,
        sum(num_killed) as num_killed,
        sum(num_injured) as num_injured,
        sum(num_detained) as num_detained

    from mentions
    group by event_id, article_id

),

event_counts as (

    select
        event_id,
        max(num_killed) as num_killed,
        max(num_injured) as num_injured,
        max(num_detained) as num_detained

    from article_counts
    group by event_id

),

per_event as (

    select
        event_id,
        -- A tie goes to the earliest report (article, then offset), whatever order the rows arrive in:
        -- read from the raw layer's files (a distributed build), they need not come in the table's order.
        mode(event_code order by article_id, trigger_start, mention_id) as event_code,
        mode(modality order by article_id, trigger_start, mention_id) as modality,
        mode(source_actor_id order by article_id, trigger_start, mention_id) as source_actor_id,
        mode(target_actor_id order by article_id, trigger_start, mention_id) as target_actor_id,
        mode(location order by article_id, trigger_start, mention_id) as location,
        -- The consolidation dates the event: its finest mention date consistent with every precise
        -- one (newswh/events/consolidate.py), so a wide or inherited window never stretches it.
        min(event_date_start) as event_date_start,
        min(event_date_end) as event_date_end,
        min(event_date_precision) as date_precision,
        bool_or(coalesce(date_disputed, false)) as date_disputed,
        count(*) as num_mentions,
        count(distinct article_id) as num_articles,
        -- Independent sources: reused sentences are not corroboration.
        count(distinct case when not is_reused then coalesce(outlet_source_id, article_id) end)
            + case when count(*) filter (where not is_reused) = 0 then 1 else 0 end as num_sources,
        min(articles.published_date) as first_reported_date

    from mentions
    left join articles using (article_id)
    group by event_id

),

-- The code most of the mentions naming the event's own source (target) read, each as of its own date,
-- else the code most of its mentions read (the coding rule recorded the event because one did); the
-- actor's dated role on the event's date wins over it in final.
actor_codes as (

    select
        per_event.event_id,
        coalesce(
            mode(mentions.source_cameo_code order by mentions.article_id, mentions.trigger_start, mentions.mention_id) filter (
                where mentions.source_actor_id is not distinct from per_event.source_actor_id
            ),
            mode(mentions.source_cameo_code order by mentions.article_id, mentions.trigger_start, mentions.mention_id)
        ) as source_cameo_code,
        coalesce(
            mode(mentions.target_cameo_code order by mentions.article_id, mentions.trigger_start, mentions.mention_id) filter (
                where mentions.target_actor_id is not distinct from per_event.target_actor_id
            ),
            mode(mentions.target_cameo_code order by mentions.article_id, mentions.trigger_start, mentions.mention_id)
        ) as target_cameo_code

    from per_event
    join mentions on mentions.event_id = per_event.event_id
    group by per_event.event_id

),

with_codes as (

    select
        per_event.*,
        codes.event_root_code,
        codes.event_label,
        codes.quad_class,
        codes.goldstein_scale,
        {{ takeover_period('per_event.event_date_start', 'per_event.event_date_end') }} as takeover_period

    from per_event
    left join codes using (event_code)

),

-- An event joins the role each actor held on the event's date (its interval's start).
source_roles as (

    select with_codes.event_id, roles.role, roles.cameo_code
    from with_codes
    join roles
        on roles.actor_id = with_codes.source_actor_id
        and {{ role_held_on('roles', 'with_codes.event_date_start') }}

),

target_roles as (

    select with_codes.event_id, roles.role, roles.cameo_code
    from with_codes
    join roles
        on roles.actor_id = with_codes.target_actor_id
        and {{ role_held_on('roles', 'with_codes.event_date_start') }}

),

final as (

    select
        with_codes.event_id,
        with_codes.event_code,
        with_codes.event_root_code,
        with_codes.event_label,
        with_codes.quad_class,
        with_codes.goldstein_scale,
        with_codes.source_actor_id,
        with_codes.target_actor_id,
        source_roles.role as source_actor_role,
        source_roles.cameo_code as source_actor_role_cameo_code,
        target_roles.role as target_actor_role,
        target_roles.cameo_code as target_actor_role_cameo_code,
        coalesce(source_roles.cameo_code, actor_codes.source_cameo_code) as source_cameo_code,
        coalesce(target_roles.cameo_code, actor_codes.target_cameo_code) as target_cameo_code,
        with_codes.event_date_start,
        with_codes.event_date_end,
        with_codes.date_precision,
        with_codes.date_disputed,
        with_codes.takeover_period,
        with_codes.modality,
        with_codes.num_mentions,
        with_codes.num_articles,
        with_codes.num_sources,
        with_codes.first_reported_date,
        with_codes.location,
        event_locations.location_name,
        event_locations.location_admin1,
        event_locations.location_country_code,
        event_locations.latitude,
        event_locations.longitude,
        event_locations.geonames_id,
        event_locations.location_basis,
        event_counts.num_killed,
        event_counts.num_injured,
        event_counts.num_detained

    from with_codes
    left join event_counts using (event_id)
    left join source_roles using (event_id)
    left join target_roles using (event_id)
    left join actor_codes using (event_id)
    left join event_locations using (event_id)

),

flagged as (

    select
        final.*,
        {{ quality_flags('fct_events') }} as quality_flags

    from final

)

select * from flagged
