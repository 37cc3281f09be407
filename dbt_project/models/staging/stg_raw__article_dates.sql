with

source as (

    select * from {{ source('raw', 'article_dates') }}

),

renamed as (

    select
        article_id,
        published_date as inferred_published_date,
        basis as published_date_basis,
        confidence as published_date_confidence,
        date_conflict,
        lower_bound as published_date_min,
        upper_bound as published_date_max,
        evidence as published_date_evidence

    from source

)

select * from renamed
