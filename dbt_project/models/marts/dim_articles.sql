with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

final as (

    select
        article_id,
        source_uri,
        url,
        title,
        author,
        language,
        outlet_source_id,
        stated_date_text,
        stated_date,
        -- Until content-based inference lands, believe structured metadata, then the page.
        coalesce(metadata_date, stated_date) as published_date,
        case
            when metadata_date is not null then 'json_metadata'
            when stated_date is not null then 'stated'
            else 'unknown'
        end as published_date_basis,
        false as date_conflict,
        body_text,
        word_count,
        content_hash

    from articles

)

select * from final
