with

source as (

    select * from {{ source('raw', 'article_furniture') }}

),

renamed as (

    select
        md5(article_id || ':' || ordinal::varchar) as furniture_id,
        article_id,
        ordinal as furniture_ordinal,
        line_no as source_line_no,
        kind as furniture_kind,
        text as furniture_text

    from source

)

select * from renamed
