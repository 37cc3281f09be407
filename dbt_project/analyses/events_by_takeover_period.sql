-- How the story divides around the takeover of Kabul (2021-08-15): events per period and
-- CAMEO root code, asserted events only.

with

events as (

    select * from {{ ref('fct_events') }} where modality = 'asserted'

),

final as (

    select
        takeover_period,
        event_root_code,
        count(*) as num_events,
        sum(num_mentions) as num_mentions

    from events
    group by takeover_period, event_root_code

)

select * from final
order by takeover_period, num_events desc, event_root_code
