-- Who said what about recognition: quotes mentioning recognition, with speaker and date.

with

quotes as (

    select * from {{ ref('fct_quotes') }}

),

actors as (

    select actor_id, canonical_name from {{ ref('fct_actors') }}

),

final as (

    select
        coalesce(actors.canonical_name, quotes.speaker_text) as speaker,
        quotes.quote_kind,
        quotes.verb,
        quotes.quote_text,
        quotes.quote_date_start,
        quotes.quote_date_end,
        quotes.cited_source_id

    from quotes
    left join actors on actors.actor_id = quotes.speaker_actor_id
    where quotes.quote_text ilike '%recogni%'

)

select * from final
order by quote_date_start, speaker
