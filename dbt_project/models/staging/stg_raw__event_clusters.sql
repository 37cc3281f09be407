with

source as (

    select * from {{ source('raw', 'event_clusters') }}

),

renamed as (

    select
        mention_id,
        event_id,
        article_id,
        date_disputed

    from source

)

select * from renamed
