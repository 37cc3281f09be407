with

source as (

    select * from {{ source('raw', 'quarantined_articles') }}

),

renamed as (

    select
        article_id,
        source_uri,
        file_format,
        reason as quarantine_reason,
        detail as quarantine_detail,
        original_bytes,
        byte_size,
        raw_hash

    from source

)

select * from renamed
