with

source as (

    select * from {{ source('raw', 'place_mentions') }}

),

renamed as (

    select
        place_mention_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        mention_text,
        mention_source,
        designator,
        geonames_id,
        place_name,
        place_kind,
        feature_class,
        feature_code,
        country_code,
        country_code_iso2,
        country_name,
        admin1_code,
        admin1_name,
        latitude,
        longitude,
        population,
        num_candidates,
        is_dateline,
        resolution_basis

    from source

)

select * from renamed
