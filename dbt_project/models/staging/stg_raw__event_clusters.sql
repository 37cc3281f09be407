with

source as (

    select * from {{ source('raw', 'event_clusters') }}

),

renamed as (

    select
        mention_id,
        event_id,
        article_id,
        date_disputed,
        event_date_start,
        event_date_end,
        event_date_precision

    from source

)

select * from renamed
