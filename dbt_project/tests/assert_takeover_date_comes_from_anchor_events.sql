-- The takeover day is the taliban_takeover row of the anchor_events seed, the same row the time
-- tagger resolves "since the takeover" against. The takeover_period macro reads the dbt var
-- takeover_date instead; this test recomputes every label from the seed's date, so a var (or a
-- macro) that drifts from the seed returns the facts it mislabels, plus one row for the var.
with

anchor as (

    select date_start as takeover_date, date_end
    from {{ ref('anchor_events') }}
    where anchor_id = 'taliban_takeover'

),

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

),

expected as (

    select
        facts.*,
        case
            when facts.date_start is null or facts.date_end is null then 'undated'
            when facts.date_end < anchor.takeover_date then 'pre_takeover'
            when facts.date_start >= anchor.takeover_date then 'post_takeover'
            else 'spans_takeover'
        end as expected_period
    from facts
    cross join anchor

),

var_check as (

    -- One anchor row, one day long, and the var names the same day.
    select
        'dbt var takeover_date' as model,
        '{{ var("takeover_date") }}' as fact_id,
        null::date as date_start,
        null::date as date_end,
        null as takeover_period,
        (select string_agg(takeover_date::varchar, ', ') from anchor) as expected_period
    where (select count(*) from anchor) <> 1
       or (select count(*) from anchor where date_end = takeover_date and takeover_date = date '{{ var("takeover_date") }}') <> 1

)

select * from expected where takeover_period is distinct from expected_period
union all
select * from var_check
