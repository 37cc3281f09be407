with

quarantined as (

    select * from {{ ref('stg_raw__quarantined_articles') }}

),

final as (

    select
        article_id,
        source_uri,
        file_format,
        quarantine_reason,
        quarantine_detail,
        byte_size,
        original_bytes

    from quarantined

)

select * from final
