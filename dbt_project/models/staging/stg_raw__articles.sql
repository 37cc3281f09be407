with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        article_id,
        source_uri,
        file_format,
        url,
        title,
        author,
        outlet_source_id,
        outlet_name,
        outlet_domain,
        coalesce(outlet_is_registered, false) as is_outlet_registered,
        outlet_basis,
        stated_date_text,
        stated_date,
        metadata_date,
        language,
        language_confidence,
        body_text,
        word_count,
        content_hash,
        raw_hash,
        encoding,
        repairs,
        dateline,
        dateline_place,
        dateline_date,
        captions

    from source

)

select * from renamed
