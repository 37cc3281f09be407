-- Every outlet the warehouse knows: the curated registry, plus publishers seen in articles
-- that the registry does not list yet (so no article's outlet is left dangling).

with

registry as (

    select * from {{ ref('stg_reference__sources') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

unregistered as (

    select
        outlet_source_id as source_id,
        min(outlet_name) as source_name,
        'media' as source_type,
        min(outlet_domain) as source_domain,
        null::varchar as country_code,
        [min(outlet_name)] as source_aliases

    from articles
    where outlet_source_id is not null
      and outlet_source_id not in (select source_id from registry)
    group by outlet_source_id

),

final as (

    select *, true as is_registered from registry
    union all
    select *, false as is_registered from unregistered

)

select * from final
