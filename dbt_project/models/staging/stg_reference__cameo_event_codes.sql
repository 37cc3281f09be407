with

source as (

    select * from {{ ref('cameo_event_codes') }}

),

renamed as (

    select
        event_code,
        event_label,
        event_root_code,
        root_label as event_root_label,
        quad_class,
        goldstein_scale,
        description as event_description,
        is_extension

    from source

)

select * from renamed
