-- The most-cited sources and their independence: citations, articles published, events
-- reported first, and how often their articles reuse another outlet's text.

with

sources as (

    select * from {{ ref('fct_sources') }}

),

articles as (

    select article_id, outlet_source_id from {{ ref('dim_articles') }}

),

reuse as (

    select * from {{ ref('fct_article_reuse') }}

),

reusing as (

    select articles.outlet_source_id as source_id, count(*) as num_articles_reusing_others
    from reuse
    join articles using (article_id)
    group by articles.outlet_source_id

),

final as (

    select
        sources.source_name,
        sources.num_citations,
        sources.num_articles_published,
        sources.num_events_reported,
        sources.num_events_first_reported,
        coalesce(reusing.num_articles_reusing_others, 0) as num_articles_reusing_others

    from sources
    left join reusing using (source_id)
    where sources.num_citations > 0 or sources.num_articles_published > 0

)

select * from final
order by num_citations desc, num_articles_published desc, source_name
