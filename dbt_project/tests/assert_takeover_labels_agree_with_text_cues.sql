-- A fact's takeover_period agrees with what its own words say. A cue of the takeover_cues seed
-- ("since", "before", "prior to" ...) followed within three words by a taliban_takeover trigger
-- phrase of anchor_events ("returned to power", "took power", "takeover") places the fact on one
-- side; a fact labelled the other side contradicts its text. spans_takeover and undated never
-- contradict (the interval is only vaguer than the words). The evidence is the sentence for an
-- event mention, the date expression for a quote (the quoted words may talk about other times)
-- and the expression itself for a time expression. As in the time tagger, a cue counts only with
-- an anchor context term (Taliban, Kabul ...) within 300 characters, and not when a year other
-- than the takeover's follows the trigger ("since the Taliban took power in 1996").
with

anchor as (

    select * from {{ ref('anchor_events') }} where anchor_id = 'taliban_takeover'

),

triggers as (

    select
        trigger_phrase,
        replace(regexp_replace(trigger_phrase, '([.+*?()\[\]{}|^$\\])', '\\\1', 'g'), ' ', '\s+') as trigger_pattern,
        -- Every word of a trigger stands in a text it matches as written, its last one too.
        string_split(trigger_phrase, ' ')[-1] as trigger_last_word
    from anchor, unnest(string_split(lower(anchor.trigger_phrases), '|')) as phrases(trigger_phrase)

),

patterns as (

    select
        cues.cue,
        cues.implies,
        triggers.trigger_phrase,
        '(?:^|[^a-z])' || replace(regexp_replace(lower(cues.cue), '([.+*?()\[\]{}|^$\\])', '\\\1', 'g'), ' ', '\s+')
            || '\s+(?:[a-z''’]+\s+){0,3}?'
            || triggers.trigger_pattern
            || '(?:[^a-z-]|$)' as cue_pattern
    from {{ ref('takeover_cues') }} as cues
    cross join triggers

),

-- One alternation of every trigger phrase: a fact whose words name no trigger can match no cue
-- pattern, so only the few that do meet the cue x trigger patterns (which grow as their product).
any_trigger as (

    select '(?:' || string_agg(trigger_pattern, '|') || ')' as any_trigger_pattern
    from triggers

),

context as (

    select
        '(?:' || string_agg(regexp_replace(lower(term), '([.+*?()\[\]{}|^$\\])', '\\\1', 'g'), '|') || ')' as context_pattern,
        year(max(date_start))::varchar as takeover_year
    from anchor, unnest(string_split(anchor.context_terms, '|')) as terms(term)

),

-- On an add-one build, the facts each mart rebuilt (macros/rebuilt_rows.sql): a fact's verdict reads
-- its own row, its article's body (a new body is a new extraction, which rebuilds the article's rows)
-- and seeds (a changed seed rebuilds every mart whole).
evidence as (

    select 'fct_event_mentions' as model, mention_id as fact_id, article_id, char_start, char_end,
           sentence_text as evidence_text, takeover_period
    from {{ ref('fct_event_mentions') }}
    where {{ rebuilt_rows('fct_event_mentions') }}
    union all
    select 'fct_quotes', quote_id, article_id, date_char_start, date_char_end, date_text, takeover_period
    from {{ ref('fct_quotes') }}
    where date_text is not null and {{ rebuilt_rows('fct_quotes') }}
    union all
    select 'fct_time_expressions', timex_id, article_id, char_start, char_end, timex_text, takeover_period
    from {{ ref('fct_time_expressions') }}
    where {{ rebuilt_rows('fct_time_expressions') }}

),

-- DuckDB compiles a pattern read from a column anew for each row it meets (at 1,000 articles the
-- alternation alone took 6-12 s): a substring test on the triggers' last words first, materialized
-- so that the optimizer cannot run the pattern before it, leaves the patterns to the few facts
-- that can name a trigger.
may_name_a_trigger as materialized (

    select evidence.*
    from evidence
    where exists (select 1 from triggers where contains(lower(evidence.evidence_text), triggers.trigger_last_word))

),

cued as (

    select
        evidence.*,
        patterns.cue,
        patterns.trigger_phrase,
        patterns.implies,
        regexp_extract(lower(evidence.evidence_text), patterns.cue_pattern || '[^.;]{0,30}?\b((?:19|20)\d\d)\b', 1) as year_after_trigger
    from may_name_a_trigger as evidence
    cross join any_trigger
    join patterns on regexp_matches(lower(evidence.evidence_text), patterns.cue_pattern)
    where regexp_matches(lower(evidence.evidence_text), any_trigger.any_trigger_pattern)

),

in_context as (

    select cued.*
    from cued
    join {{ ref('dim_articles') }} as articles using (article_id)
    cross join context
    where regexp_matches(
        lower(substring(articles.body_text, greatest(cued.char_start - 300, 0) + 1, cued.char_end - greatest(cued.char_start - 300, 0) + 300)),
        context.context_pattern
    )
      and (cued.year_after_trigger = '' or cued.year_after_trigger = context.takeover_year)

)

select model, fact_id, takeover_period, implies, cue, trigger_phrase, evidence_text
from in_context
where (implies = 'post_takeover' and takeover_period = 'pre_takeover')
   or (implies = 'pre_takeover' and takeover_period = 'post_takeover')
