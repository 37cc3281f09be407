-- The headline rule: no fact labelled post-takeover starts before 2021-08-15, and no fact
-- labelled pre-takeover ends on or after it. Returns the offending rows.
with

facts as (

    select 'fct_events' as model, event_id as fact_id, event_date_start as date_start, event_date_end as date_end, takeover_period
    from {{ ref('fct_events') }}
    union all
    select 'fct_event_mentions', mention_id, reported_date_start, reported_date_end, takeover_period
    from {{ ref('fct_event_mentions') }}
    union all
    select 'fct_quotes', quote_id, quote_date_start, quote_date_end, takeover_period
    from {{ ref('fct_quotes') }}
    union all
    select 'fct_time_expressions', timex_id, date_start, date_end, takeover_period
    from {{ ref('fct_time_expressions') }}

)

select *
from facts
where (takeover_period = 'post_takeover' and date_start < date '{{ var("takeover_date") }}')
   or (takeover_period = 'pre_takeover' and date_end >= date '{{ var("takeover_date") }}')
   or (takeover_period = 'undated' and date_start is not null and date_end is not null)
