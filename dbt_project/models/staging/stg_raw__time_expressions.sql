with

source as (

    select * from {{ source('raw', 'timexes') }}

),

renamed as (

    select
        timex_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        timex_text,
        timex_type,
        timex_value,
        date_start,
        date_end,
        date_precision,
        resolution_basis,
        reference_date

    from source

)

select * from renamed
