with

aliases as (

    select * from {{ ref('stg_raw__actor_aliases') }}

),

final as (

    select
        md5(actor_id || ':' || lower(alias)) as alias_id,
        actor_id,
        alias,
        alias_kind,
        alias_method as method

    from aliases
    qualify row_number() over (partition by actor_id, lower(alias) order by alias_kind, alias_method) = 1

)

select * from final
