with

source as (

    select * from {{ ref('sources') }}

),

renamed as (

    select
        source_id,
        source_name,
        source_type,
        nullif(source_domain, '') as source_domain,
        nullif(country_code, '') as country_code,
        string_split(aliases, '|') as source_aliases

    from source

)

select * from renamed
