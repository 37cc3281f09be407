with

outlets as (

    select * from {{ ref('int_outlets') }}

),

articles as (

    select * from {{ ref('dim_articles') }}

),

citations as (

    select * from {{ ref('stg_raw__citations') }}

),

mentions as (

    select * from {{ ref('int_event_mentions') }} where event_id is not null

),

published as (

    select
        outlet_source_id as source_id,
        count(*) as num_articles_published,
        min(published_date) as first_article_date,
        max(published_date) as last_article_date

    from articles
    where outlet_source_id is not null
    group by outlet_source_id

),

cited as (

    select cited_source_id as source_id, count(*) as num_citations
    from citations
    where cited_source_id is not null
    group by cited_source_id

),

-- A source reports an event when its own article carries a mention of it, or when another
-- article attributes the mention to it.
reports as (

    select mentions.event_id, mentions.outlet_source_id as source_id, articles.published_date
    from mentions
    join articles using (article_id)
    where mentions.outlet_source_id is not null

    union

    select mentions.event_id, mentions.cited_source_id, articles.published_date
    from mentions
    join articles using (article_id)
    where mentions.cited_source_id is not null

),

first_reports as (

    select event_id, source_id
    from reports
    where published_date is not null
    qualify rank() over (partition by event_id order by published_date) = 1

),

event_stats as (

    select
        reports.source_id,
        count(distinct reports.event_id) as num_events_reported,
        count(distinct first_reports.event_id) as num_events_first_reported

    from reports
    left join first_reports using (event_id, source_id)
    group by reports.source_id

),

final as (

    select
        outlets.source_id,
        outlets.source_name,
        outlets.source_aliases,
        outlets.source_domain,
        outlets.source_type,
        outlets.country_code,
        outlets.is_registered,
        coalesce(published.num_articles_published, 0) as num_articles_published,
        published.first_article_date,
        published.last_article_date,
        coalesce(cited.num_citations, 0) as num_citations,
        coalesce(event_stats.num_events_reported, 0) as num_events_reported,
        coalesce(event_stats.num_events_first_reported, 0) as num_events_first_reported

    from outlets
    left join published using (source_id)
    left join cited using (source_id)
    left join event_stats using (source_id)

)

select * from final
