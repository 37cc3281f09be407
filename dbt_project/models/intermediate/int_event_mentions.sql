{#- The coding rule's switch is read here, not through macros/event_coding.sql's coding_rule_on(): dbt unit
    tests override only the env vars and vars a model references itself, and the unit tests below must pin
    the rule on whatever NEWSWH_CODED_EVENTS_ONLY the build runs with (make eval-events turns it off). -#}
{%- set coding_rule = env_var('NEWSWH_CODED_EVENTS_ONLY', var('coded_events_only') | string) | lower in ('true', '1', 'yes') -%}
-- Event mentions with resolved actors, their event, CAMEO attributes, reuse and takeover period.
-- Incremental (macros/mart_changes.sql): the steps that change a mention's inputs mark its article
-- (actor resolution, consolidation, text reuse, ingest); the marks grow to whole events, and are
-- handed on to the marts that read this model.
{{ config(
    materialized=mart_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook=[
        "{{ expand_marks_over_events('int_event_mentions') }}",
        "{{ hand_on_marks('int_event_mentions', ['fct_event_mentions', 'fct_events']) }}",
        "{{ delete_marked_rows('int_event_mentions') }}",
    ],
    post_hook="{{ consume_marks('int_event_mentions') }}",
) }}

with

mentions as (

    -- The marked articles' mentions, and the others of their events (the coding rule reads the whole event).
    select * from {{ ref('stg_raw__event_mentions') }}
    where {{ marked_or_same_event('int_event_mentions', ref('stg_raw__event_clusters')) }}

),

clusters as (

    select * from {{ ref('stg_raw__event_clusters') }}

),

key_map as (

    select * from {{ ref('int_actor_key_map') }}

),

metonyms as (

    select * from {{ ref('stg_raw__actor_metonyms') }}

),

reused as (

    select distinct article_id, sentence_index from {{ ref('stg_raw__reused_sentences') }}

),

articles as (

    select article_id, outlet_source_id, body_text from {{ ref('stg_raw__articles') }}

),

roles as (

    select actor_id, cameo_code, valid_from, valid_to from {{ ref('stg_reference__actor_roles') }}

),

resolved as (

    select
        mentions.mention_id,
        clusters.event_id,
        mentions.article_id,
        articles.outlet_source_id,
        mentions.sentence_index,
        mentions.sentence_start,
        mentions.sentence_end,
        substring(articles.body_text, mentions.sentence_start + 1, mentions.sentence_end - mentions.sentence_start) as sentence_text,
        mentions.trigger_start,
        mentions.trigger_end,
        mentions.trigger_text,
        mentions.event_code,
        mentions.modality,
        -- Asserted as an event: an asserted mention outside a caption, a quoted document, a discard or a
        -- bystander's words (newswh.events.not_events), which the text asserts but not as news of an event.
        mentions.modality = 'asserted' and mentions.not_event_reason is null as is_asserted_event,
        -- As an event's actor, a capital stands for its state ("Moscow accepted" is Russia acting).
        coalesce(source_metonym.stands_for_actor_id, source_map.actor_id, mentions.local_source_actor_key) as source_actor_id,
        coalesce(target_metonym.stands_for_actor_id, target_map.actor_id, mentions.local_target_actor_key) as target_actor_id,
        mentions.source_text,
        mentions.target_text,
        mentions.location,
        mentions.location_name,
        mentions.location_admin1,
        mentions.location_country_code,
        mentions.latitude,
        mentions.longitude,
        mentions.geonames_id,
        mentions.location_basis,
        mentions.date_text,
        mentions.date_char_start,
        mentions.date_char_end,
        mentions.date_value,
        mentions.reported_date_start,
        mentions.reported_date_end,
        mentions.date_precision,
        mentions.date_basis,
        {{ takeover_period('mentions.reported_date_start', 'mentions.reported_date_end') }} as takeover_period,
        mentions.cited_source_id,
        reused.article_id is not null as is_reused,
        mentions.confidence,
        mentions.voice,
        mentions.source_basis,
        mentions.source_cameo_code as extracted_source_cameo_code,
        mentions.source_code_basis as extracted_source_code_basis,
        mentions.target_cameo_code as extracted_target_cameo_code,
        mentions.target_code_basis as extracted_target_code_basis,
        mentions.num_killed,
        mentions.num_injured,
        mentions.num_detained,
        clusters.date_disputed,
        clusters.event_date_start,
        clusters.event_date_end,
        clusters.event_date_precision,
        case
            when clusters.event_id is not null then null
            when mentions.agent_unknown then 'agent_unknown'
            when mentions.not_event_reason is not null then mentions.not_event_reason
            else 'not_consolidated'
        end as unconsolidated_reason

    from mentions
    left join clusters on clusters.mention_id = mentions.mention_id
    left join articles on articles.article_id = mentions.article_id
    left join key_map as source_map
        on source_map.article_id = mentions.article_id
        and source_map.local_actor_key = mentions.local_source_actor_key
    left join key_map as target_map
        on target_map.article_id = mentions.article_id
        and target_map.local_actor_key = mentions.local_target_actor_key
    left join metonyms as source_metonym
        on source_metonym.actor_id = coalesce(source_map.actor_id, mentions.local_source_actor_key)
    left join metonyms as target_metonym
        on target_metonym.actor_id = coalesce(target_map.actor_id, mentions.local_target_actor_key)
    left join reused
        on reused.article_id = mentions.article_id
        and reused.sentence_index = mentions.sentence_index

),

-- Codes as of the mention's date: the dated role of the resolved actor wins (resolution across
-- articles may have joined a name to an actor with roles); else the code extraction read.
coded as (

    select
        resolved.* exclude (
            extracted_source_cameo_code, extracted_source_code_basis,
            extracted_target_cameo_code, extracted_target_code_basis
        ),
        coalesce(source_roles.cameo_code, resolved.extracted_source_cameo_code) as source_cameo_code,
        case
            when source_roles.cameo_code is not null then 'role'
            else coalesce(resolved.extracted_source_code_basis, 'uncoded')
        end as source_code_basis,
        coalesce(target_roles.cameo_code, resolved.extracted_target_cameo_code) as target_cameo_code,
        case
            when target_roles.cameo_code is not null then 'role'
            else coalesce(resolved.extracted_target_code_basis, 'uncoded')
        end as target_code_basis

    from resolved
    left join roles as source_roles
        on source_roles.actor_id = resolved.source_actor_id
        and {{ role_held_on('source_roles', 'resolved.reported_date_start') }}
    left join roles as target_roles
        on target_roles.actor_id = resolved.target_actor_id
        and {{ role_held_on('target_roles', 'resolved.reported_date_start') }}

),

-- The event-data coding rule (README "Coding rule"; on unless var coded_events_only / the environment's
-- NEWSWH_CODED_EVENTS_ONLY say false): event-data users count an event only when its source is coded, and with var require_dyad an interaction (a root outside var
-- roots_without_target) only when its target is coded too. It counts facts: positions (planned,
-- hypothetical, negated, requested events, "Russia will not recognise ...") stay as they are. The rule is the event's: one mention
-- whose source (target) is coded codes it, as fct_events takes its codes from its mentions.
event_coding as (

    select
        coded.*,
        bool_or(coded.source_cameo_code is not null) over (partition by coded.event_id) as event_source_coded,
        bool_or(coded.target_cameo_code is not null) over (partition by coded.event_id) as event_target_coded

    from coded

),

ruled as (

    select
        event_coding.*,
        {% if coding_rule -%}
        case
            when event_coding.event_id is null or event_coding.modality is distinct from 'asserted' then null
            when not event_coding.event_source_coded then 'source_uncoded'
            when {{ needs_target('event_coding.event_code') }} and not event_coding.event_target_coded then 'target_uncoded'
        end
        {%- else -%}
        cast(null as varchar)
        {%- endif %} as coding_reason

    from event_coding

),

-- A mention of an event the rule leaves out keeps its row and says why; its cluster's id goes, so
-- that every event_id names a recorded event.
final as (

    select
        ruled.* exclude (event_source_coded, event_target_coded, coding_reason)
        replace (
            case when ruled.coding_reason is null then ruled.event_id end as event_id,
            coalesce(ruled.unconsolidated_reason, ruled.coding_reason) as unconsolidated_reason
        )

    from ruled
    where {{ marked_articles('int_event_mentions', 'ruled.article_id') }}

)

select * from final
