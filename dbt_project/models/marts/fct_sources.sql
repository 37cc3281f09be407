with

outlets as (

    select * from {{ ref('int_outlets') }}

),

articles as (

    select * from {{ ref('dim_articles') }}

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
        published.last_article_date

    from outlets
    left join published using (source_id)

)

select * from final
