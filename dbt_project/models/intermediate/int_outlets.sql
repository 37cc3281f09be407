-- Every source the warehouse knows: the curated registry, plus publishers and cited sources
-- seen in articles that the registry does not list yet (so no reference is left dangling).

with

registry as (

    select * from {{ ref('stg_reference__sources') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

citations as (

    select * from {{ ref('stg_raw__citations') }}

),

seen as (

    select outlet_source_id as source_id, outlet_name as source_name, outlet_domain as source_domain
    from articles
    where outlet_source_id is not null

    union all

    select cited_source_id, cited_source_name, null
    from citations
    where cited_source_id is not null

),

unregistered as (

    select
        source_id,
        min(source_name) as source_name,
        'media' as source_type,
        min(source_domain) as source_domain,
        null::varchar as country_code,
        list(distinct source_name order by source_name) as source_aliases

    from seen
    where source_id not in (select source_id from registry)
    group by source_id

),

final as (

    select *, true as is_registered from registry
    union all
    select *, false as is_registered from unregistered

)

select * from final
