with

source as (

    select * from {{ source('raw', 'citations') }}

),

renamed as (

    select
        citation_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        citation_text,
        source_id as cited_source_id,
        source_name as cited_source_name,
        source_known as is_cited_source_registered,
        pattern as citation_pattern

    from source

)

select * from renamed
