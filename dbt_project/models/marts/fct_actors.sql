with

resolved as (

    select * from {{ ref('stg_raw__actors') }}

),

seeded as (

    select * from {{ ref('stg_reference__actors') }}

),

-- Curated actors nobody mentioned yet stay listed, so roles and aliases always have an actor.
all_actors as (

    select actor_id, canonical_name, actor_type, country_code, cameo_code, affiliation, actor_origin
    from resolved

    union all

    select actor_id, canonical_name, actor_type, country_code, cameo_code, affiliation, 'seed' as actor_origin
    from seeded
    where actor_id not in (select actor_id from resolved)

),

mentions as (

    select * from {{ ref('fct_actor_mentions') }}

),

articles as (

    select article_id, published_date from {{ ref('dim_articles') }}

),

events as (

    select event_id, source_actor_id, target_actor_id from {{ ref('fct_events') }}

),

mention_stats as (

    select
        mentions.actor_id,
        count(*) as num_mentions,
        count(distinct mentions.article_id) as num_articles,
        min(articles.published_date) as first_mentioned_date,
        max(articles.published_date) as last_mentioned_date

    from mentions
    left join articles using (article_id)
    where mentions.actor_id is not null
    group by mentions.actor_id

),

event_stats as (

    select actor_id, count(distinct event_id) as num_events
    from (
        select event_id, source_actor_id as actor_id from events
        union all
        select event_id, target_actor_id from events
    )
    where actor_id is not null
    group by actor_id

),

final as (

    select
        all_actors.actor_id,
        all_actors.canonical_name,
        all_actors.actor_type,
        all_actors.country_code,
        all_actors.cameo_code,
        all_actors.affiliation,
        all_actors.actor_origin,
        coalesce(mention_stats.num_mentions, 0) as num_mentions,
        coalesce(mention_stats.num_articles, 0) as num_articles,
        mention_stats.first_mentioned_date,
        mention_stats.last_mentioned_date,
        coalesce(event_stats.num_events, 0) as num_events

    from all_actors
    left join mention_stats using (actor_id)
    left join event_stats using (actor_id)

)

select * from final
