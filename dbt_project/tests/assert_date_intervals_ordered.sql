-- Every date interval runs forwards. One side may be open (PAST_REF is "before the article
-- date": no start), but a closed interval never ends before it starts.
with

intervals as (

    select 'fct_events' as model, event_id as fact_id, event_date_start as date_start, event_date_end as date_end
    from {{ ref('fct_events') }}
    union all
    select 'fct_event_mentions', mention_id, reported_date_start, reported_date_end from {{ ref('fct_event_mentions') }}
    union all
    select 'fct_quotes', quote_id, quote_date_start, quote_date_end from {{ ref('fct_quotes') }}
    union all
    select 'fct_time_expressions', timex_id, date_start, date_end from {{ ref('fct_time_expressions') }}
    union all
    select 'dim_actor_roles', role_id, valid_from, valid_to from {{ ref('dim_actor_roles') }} where valid_to is not null
    union all
    select 'dim_articles', article_id, published_date_min, published_date_max
    from {{ ref('dim_articles') }} where published_date_max is not null

)

select *
from intervals
where date_start > date_end
